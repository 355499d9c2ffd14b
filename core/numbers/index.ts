/** The number extractor: incident metrics from digits and from spoken numbers. */
export { extractMetrics, findQuantities, metricsFromQuantities } from './extract';
export type { FoundMetric, Quantity, QuantityUnit } from './extract';
export { parseNumberAt, numberWordValue } from './words';
export type { ParsedNumber } from './words';
export { timeKindAt, findKindCues } from './kind';
export type { KindCues, TimeKind } from './kind';
