/**
 * The one undo of the booking use cases: a step that takes something (a lock, a place, a stored
 * booking) registers how to give it back; when a later step fails — an error code or a crash — every
 * registered undo runs, newest first, and the failure is answered as it was. Nothing is undone once
 * the use case has returned.
 *
 * An undo that fails itself is logged and the rest still run: the caller hears the first failure,
 * and what could not be given back is left for the abandoned-lock rule (core/booking) to clear.
 */
export type Undo = () => Promise<unknown>;

export interface Compensation {
  /** Registers how to give back what the step just taken holds. */
  onFailure(undo: Undo): void;
}

export async function withCompensation<T>(useCase: (c: Compensation) => Promise<T>): Promise<T> {
  const undos: Undo[] = [];
  try {
    return await useCase({ onFailure: (undo) => void undos.push(undo) });
  } catch (err) {
    for (const undo of undos.reverse()) {
      try {
        await undo();
      } catch (undoErr) {
        console.error('[booking] an undo failed', undoErr);
      }
    }
    throw err;
  }
}
