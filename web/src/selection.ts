/** The exchanges chosen on the search page, handed to the replay page (kept for the tab's session). */
const KEY = 'sluice.replay.ids';

export function saveSelection(ids: Iterable<string>): void {
  sessionStorage.setItem(KEY, JSON.stringify([...ids]));
}

export function loadSelection(): string[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
