/** A minimal event emitter with VS Code's `Event` shape, so the pure model needs no `vscode` import. */

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (event: T) => void;
export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> {
  private listeners: Listener<T>[] = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  fire(event: T): void {
    for (const l of [...this.listeners]) l(event);
  }

  dispose(): void {
    this.listeners = [];
  }
}
