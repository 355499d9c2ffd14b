/**
 * A Delete button that asks once more before anything is lost: pressed, it turns into the
 * confirming button and a Keep button. Which row is being confirmed lives in the room's state.
 */
export function ConfirmDelete({
  confirming,
  confirmLabel,
  testIds,
  disabled = false,
  onAsk,
  onConfirm,
  onKeep,
}: {
  confirming: boolean;
  confirmLabel: string;
  testIds: { ask: string; confirm: string; keep?: string };
  disabled?: boolean;
  onAsk(): void;
  onConfirm(): void;
  onKeep(): void;
}) {
  if (!confirming) {
    return (
      <button
        type="button"
        className="secondary"
        data-testid={testIds.ask}
        disabled={disabled}
        onClick={onAsk}
      >
        Delete
      </button>
    );
  }
  return (
    <>
      <button type="button" className="danger" data-testid={testIds.confirm} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" className="secondary" data-testid={testIds.keep} onClick={onKeep}>
        Keep
      </button>
    </>
  );
}
