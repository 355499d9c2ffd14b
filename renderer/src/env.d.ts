/** Stylesheets are bundled by Vite; importing one has no value. */
declare module '*.css';

/** A script Vite compiles on its own (a worker or worklet); the import is its same-origin URL. */
declare module '*?worker&url' {
  const url: string;
  export default url;
}
