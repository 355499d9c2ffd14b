/** Scenarios: the schema authors write to, the parser that checks a file, and the slot timeline. */
export * from './schema';
export * from './parse';
export * from './timeline';
