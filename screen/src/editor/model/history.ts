// Undo and redo by snapshots. The documents are immutable and share every object an edit did
// not replace, so a snapshot costs only what changed (a moved widget: one item, its page's item
// array and the page list — measured by `npm run bench -- editor`). A gesture that arrives as
// many small changes (a run of arrow-key nudges) is one step when it passes the same
// `coalesce` key.

export const DEFAULT_HISTORY_LIMIT = 200;

export interface Step<S> {
  state: S;
  label: string;
  coalesce?: string;
}

export class History<S> {
  private past: Step<S>[] = [];
  private future: Step<S>[] = [];
  private current: Step<S>;

  constructor(
    initial: S,
    readonly limit = DEFAULT_HISTORY_LIMIT,
  ) {
    if (!(limit >= 1)) throw new RangeError('history limit must be at least 1');
    this.current = { state: initial, label: 'open' };
  }

  get state(): S {
    return this.current.state;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  get undoLabel(): string | undefined {
    return this.past.length ? this.current.label : undefined;
  }

  get redoLabel(): string | undefined {
    return this.future[this.future.length - 1]?.label;
  }

  /** Steps that can be undone right now. */
  get depth(): number {
    return this.past.length;
  }

  /** Records a new state. An identical state is no step; a matching coalesce key replaces the last step. */
  push(state: S, label: string, coalesce?: string): void {
    if (state === this.current.state) return;
    this.future = [];
    if (coalesce !== undefined && this.current.coalesce === coalesce && this.past.length > 0) {
      this.current = { state, label, coalesce };
      return;
    }
    this.past.push(this.current);
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
    this.current = coalesce === undefined ? { state, label } : { state, label, coalesce };
  }

  /** Replaces the present without a step (selection changes ride on the current step). */
  replace(state: S): void {
    this.current = { ...this.current, state };
  }

  undo(): S | undefined {
    const prev = this.past.pop();
    if (!prev) return undefined;
    this.future.push({ ...this.current, coalesce: undefined });
    this.current = { ...prev, coalesce: undefined };
    return prev.state;
  }

  redo(): S | undefined {
    const next = this.future.pop();
    if (!next) return undefined;
    this.past.push({ ...this.current, coalesce: undefined });
    this.current = next;
    return next.state;
  }

  /** Starts over from `state` (a document loaded or restored from the server). */
  reset(state: S): void {
    this.past = [];
    this.future = [];
    this.current = { state, label: 'open' };
  }
}
