export type { ModelEntry } from './catalogue';
export {
  MODEL_BASE_URL,
  MODEL_CATALOGUE,
  MODEL_PREFERENCE,
  findModelEntry,
  modelUrl,
} from './catalogue';
export type {
  DownloadOptions,
  DownloadProgress,
  DownloadResult,
  ModelErrorCode,
  ModelListing,
} from './manager';
export {
  ModelError,
  defaultModelsDir,
  downloadModel,
  importModel,
  isGgmlModelFile,
  listModels,
  resolveModelPath,
} from './manager';
