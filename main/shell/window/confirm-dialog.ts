import type { BaseWindow, Dialog, MessageBoxOptions } from 'electron';

type DialogPort = Pick<Dialog, 'showMessageBox'>;

/** Shows the box as a sheet of `parent` when there is one (the window), else on its own. */
function show(dialog: DialogPort, parent: BaseWindow | null | undefined, options: MessageBoxOptions) {
  return parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);
}

/** A native warning dialog with a confirm and a Cancel button, Cancel being the default. */
export async function confirmWithDialog(
  dialog: DialogPort,
  options: { title: string; message: string; detail: string; confirmLabel?: string },
  parent?: BaseWindow | null,
): Promise<boolean> {
  const { response } = await show(dialog, parent, {
    type: 'warning',
    title: options.title,
    message: options.message,
    detail: options.detail,
    buttons: [options.confirmLabel ?? 'Regenerate keys', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}

/** A main-owned dialog that shows a webhook's secret key: the renderer never receives it. */
export async function showSecretWithDialog(
  dialog: DialogPort,
  options: { title: string; message: string; detail: string },
  parent?: BaseWindow | null,
): Promise<void> {
  await show(dialog, parent, {
    type: 'info',
    title: options.title,
    message: options.message,
    detail: options.detail,
    buttons: ['Close'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
}
