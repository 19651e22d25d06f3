/**
 * The Electron glue of main's dialogs and of the concealed clipboard, through the Electron
 * stand-in: a dialog is a sheet of the window when there is one, a revealed secret goes only into
 * main's dialog, and a copied secret carries the OS's "concealed" marker in the same write.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callsOf, record, resetStandIn } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const electron = await import('electron');
const { confirmWithDialog, showSecretWithDialog } = await import('../../main/shell/window/confirm-dialog');
const { concealedWriter } = await import('../../main/shell/os/concealed-clipboard');

beforeEach(() => resetStandIn());

const request = {
  title: 'Delete?',
  message: 'Delete it?',
  detail: 'Cannot be undone.',
  confirmLabel: 'Delete',
};

describe("main's dialogs", () => {
  it('a confirmation is a sheet of the window, Cancel the default, true only for the confirm button', async () => {
    const parent = { id: 'the window' } as unknown as Electron.BaseWindow;
    record.dialogResponse = 1;
    expect(await confirmWithDialog(electron.dialog, request, parent)).toBe(false);
    record.dialogResponse = 0;
    expect(await confirmWithDialog(electron.dialog, request, parent)).toBe(true);
    const [first] = callsOf('dialog.showMessageBox');
    expect(first![0]).toBe(parent);
    expect(first![1]).toMatchObject({ buttons: ['Delete', 'Cancel'], defaultId: 1, cancelId: 1 });
  });

  it('with no window open it is a dialog of its own', async () => {
    await confirmWithDialog(electron.dialog, request, null);
    expect(callsOf('dialog.showMessageBox')[0]).toEqual([expect.objectContaining({ title: 'Delete?' })]);
  });

  it('a revealed secret is shown by main with a single Close button', async () => {
    const parent = { id: 'the window' } as unknown as Electron.BaseWindow;
    await showSecretWithDialog(
      electron.dialog,
      { title: 'Key', message: 'Secret of x', detail: 's3cr3t' },
      parent,
    );
    expect(callsOf('dialog.showMessageBox')[0]).toEqual([
      parent,
      expect.objectContaining({ detail: 's3cr3t', buttons: ['Close'] }),
    ]);
  });
});

describe('the concealed clipboard', () => {
  const marked = (platform: string) => {
    const write = concealedWriter(electron.clipboard, electron.ClipboardItem, platform);
    return write;
  };

  it.each([
    ['darwin', 'org.nspasteboard.ConcealedType'],
    ['win32', 'ExcludeClipboardContentFromMonitorProcessing'],
    ['linux', 'x-kde-passwordManagerHint'],
  ])('on %s the text and the %s marker go in one write', async (platform, format) => {
    await marked(platform)('whsec-1');
    const writes = callsOf('clipboard.write');
    expect(writes).toHaveLength(1);
    const [items] = writes[0] as [{ types: string[]; items: Record<string, unknown> }[]];
    expect(items).toHaveLength(1);
    expect(items[0]!.types).toEqual(['text/plain', `electron application/osclipboard;format="${format}"`]);
    expect(items[0]!.items['text/plain']).toBe('whsec-1');
    expect(record.clipboardText).toBe('whsec-1');
  });

  it('elsewhere it writes plain text', async () => {
    await marked('freebsd')('whsec-2');
    expect(callsOf('clipboard.write')).toEqual([]);
    expect(record.clipboardText).toBe('whsec-2');
  });
});

describe('copySecret writes through the concealed writer when main has one', () => {
  it('the secret goes to writeConcealed, not writeText, and is cleared after the delay', async () => {
    const { createSecretClipboard } = await import('../../main/ipc/secret-clipboard');
    const board = { text: '', plain: 0, concealed: 0 };
    const timers: (() => void)[] = [];
    const copier = createSecretClipboard({
      clipboard: {
        readText: () => board.text,
        writeText: (text) => void ((board.text = text), (board.plain += 1)),
        writeConcealed: (text) => void ((board.text = text), (board.concealed += 1)),
      },
      setTimeout: (callback) => timers.push(callback),
      now: () => new Date(0),
      log: () => undefined,
    });
    expect(await copier.copy('whsec-3')).toEqual({ clearsAt: new Date(30_000).toISOString() });
    expect(board).toEqual({ text: 'whsec-3', plain: 0, concealed: 1 });
    timers[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(board.text).toBe('');
  });
});
