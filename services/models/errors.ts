/** Why a model operation failed; the message says what to do. */
export type ModelErrorCode =
  | 'unknown-model'
  | 'network'
  | 'checksum'
  | 'cancelled'
  | 'not-ggml'
  /** A folder or file that holds no model we know (no ggml magic, no CTranslate2 model.bin). */
  | 'not-a-model'
  /** A model we recognise but cannot convert (another architecture, format version or type). */
  | 'unsupported-model'
  /** A model file that ends early or contradicts itself. */
  | 'corrupt-model'
  | 'io';

/** A failed model operation. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
  }
}
