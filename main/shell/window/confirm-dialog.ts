import type { Dialog } from 'electron';

/** A native warning dialog with a confirm and a Cancel button, Cancel being the default. */
export async function confirmWithDialog(
  dialog: Pick<Dialog, 'showMessageBox'>,
  options: { title: string; message: string; detail: string; confirmLabel?: string },
): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
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
