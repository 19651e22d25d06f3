import type { Clipboard, ClipboardItem as ElectronClipboardItem } from 'electron';

/**
 * The marker each OS's clipboard managers honour, as a raw OS clipboard format: macOS's
 * nspasteboard.org convention, Windows's monitor exclusion format, and KDE Klipper's password hint
 * (INFERRED: other Linux clipboard managers follow no shared convention). Electron writes a raw
 * format through its `osclipboard` custom type, atomically with the text in one `write()`.
 */
const MARKERS: Record<string, { format: string; data: string }> = {
  darwin: { format: 'org.nspasteboard.ConcealedType', data: '' },
  win32: { format: 'ExcludeClipboardContentFromMonitorProcessing', data: '' },
  linux: { format: 'x-kde-passwordManagerHint', data: 'secret' },
};

export type ClipboardItemClass = new (
  items: ConstructorParameters<typeof ElectronClipboardItem>[0],
) => ElectronClipboardItem;

/** The raw OS clipboard format that marks a copy as concealed on `platform`, or null where none exists. */
export function concealedMarker(platform: string): { format: string; data: string } | null {
  return MARKERS[platform] ?? null;
}

/**
 * Writes `text` with the platform's concealed marker in one atomic write (separate writes would
 * each replace the clipboard); plain text where the platform has no marker.
 */
export function concealedWriter(
  clipboard: Pick<Clipboard, 'write' | 'writeText'>,
  ClipboardItem: ClipboardItemClass,
  platform: string,
): (text: string) => Promise<void> {
  const marker = concealedMarker(platform);
  if (marker === null) return (text) => clipboard.writeText(text);
  const type = `electron application/osclipboard;format="${marker.format}"`;
  return (text) =>
    clipboard.write([new ClipboardItem({ 'text/plain': text, [type]: new Blob([marker.data]) })]);
}
