import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { callsOf, record, resetStandIn } from './electron-stand-in';
import { realWorld, type RealWorld } from './real-services';

vi.mock('electron', () => import('./electron-stand-in'));

const electron = await import('electron');
const { createTrayActionRunner } = await import('../../main/shell/tray/tray-actions');
const { confirmWithDialog } = await import('../../main/shell/window/confirm-dialog');
const { createHandlers } = await import('../../main/ipc/handlers');
const { showNativeNotification } = await import('../../main/shell/window/notifications');

describe('regenerate keys from the tray, against the real sandbox', () => {
  let world: RealWorld;
  let profileId: string;

  beforeAll(async () => {
    world = await realWorld();
    const demo = await world.handlers.startSandboxDemo({});
    if (!demo.ok) throw new Error(demo.error.message);
    profileId = demo.value.id;
  });
  afterAll(async () => {
    await world?.dispose();
  });
  beforeEach(() => resetStandIn());

  function runner() {
    const shown: unknown[] = [];
    // The handlers ask main's native dialog (the stand-in's), as the app wires them.
    const handlers = createHandlers(world.services, {
      ...world.ports.ports,
      confirm: (request) => confirmWithDialog(electron.dialog, request, null),
    });
    const run = createTrayActionRunner({
      handlers,
      windows: { show: (target) => shown.push(target) },
      notify: (title, body) => showNativeNotification(electron.Notification, title, body),
      quit: () => electron.app.quit(),
    });
    return { run, shown };
  }

  function demoSandbox() {
    return world.services.sandboxDemo.current()!.sandbox;
  }

  it('confirm, regenerate, copy the new secret with auto-clear, notify', async () => {
    const before = demoSandbox()
      .control.subscriptions()
      .map((s) => s.secretKey);
    record.dialogResponse = 0;
    world.ports.timers.length = 0;
    await runner().run({ type: 'regenerate-keys', profileId, profileName: 'Sandbox demo' });

    const [dialogOptions] = callsOf('dialog.showMessageBox')[0]! as [Record<string, unknown>];
    expect(dialogOptions).toMatchObject({
      type: 'warning',
      buttons: ['Regenerate keys', 'Cancel'],
      cancelId: 1,
      defaultId: 1,
    });
    expect(String(dialogOptions.message)).toContain('Sandbox demo');
    expect(callsOf('dialog.showMessageBox')).toHaveLength(1); // asked once, by the handler
    expect(String(dialogOptions.detail)).toContain('every webhook subscription of this account');
    expect(String(dialogOptions.detail)).toContain('more than 100 failed deliveries within 10 minutes');

    const after = demoSandbox().control.subscriptions();
    expect(after.map((s) => s.secretKey)).not.toEqual(before);
    expect(after.map((s) => s.secretKey)).toContain(world.ports.clipboard.text);
    expect(world.ports.timers.map((t) => t.ms)).toEqual([30_000]);
    expect(record.notifications).toEqual([
      { title: 'New webhook secret copied', body: expect.stringContaining('cleared in 30 seconds') },
    ]);
    expect(record.notifications[0]!.body).toContain('The keys of every webhook of "Sandbox demo"');
    expect(record.notifications[0]!.body).not.toContain(world.ports.clipboard.text);

    const snapshot = world.services.monitor.getSnapshot();
    const publicKeys = snapshot.profiles
      .find((p) => p.profileId === profileId)!
      .channels.map((c) => c.publicKey);
    expect(publicKeys.sort()).toEqual(after.map((s) => s.publicKey).sort());
  });

  it('Cancel changes nothing and copies nothing', async () => {
    const before = demoSandbox()
      .control.subscriptions()
      .map((s) => s.secretKey);
    record.dialogResponse = 1;
    world.ports.clipboard.text = 'untouched';
    await runner().run({ type: 'regenerate-keys', profileId, profileName: 'Sandbox demo' });
    expect(
      demoSandbox()
        .control.subscriptions()
        .map((s) => s.secretKey),
    ).toEqual(before);
    expect(world.ports.clipboard.text).toBe('untouched');
    expect(record.notifications).toEqual([]);
  });

  it('an API failure is told by notification', async () => {
    record.dialogResponse = 0;
    demoSandbox().control.injectFault({
      status: 500,
      message: 'boom',
      path: '/api/v1/subscription/webhook/api-keys/regenerate',
    });
    await runner().run({ type: 'regenerate-keys', profileId, profileName: 'Sandbox demo' });
    expect(record.notifications).toEqual([{ title: 'Keys were not regenerated', body: expect.any(String) }]);
  });

  it('the other tray actions: open, open on a channel, check, pause, resume, quit', async () => {
    const { run, shown } = runner();
    await run({ type: 'open' });
    await run({ type: 'open-channel', profileId, requestId: 'r1' });
    expect(shown).toEqual([undefined, { profileId, requestId: 'r1' }]);
    await run({ type: 'pause', minutes: 15 });
    const paused = world.services.monitor.getSnapshot().pausedUntil;
    expect(Date.parse(paused!) - Date.now()).toBeGreaterThan(14 * 60_000);
    await run({ type: 'resume' });
    expect(world.services.monitor.getSnapshot().pausedUntil).toBeNull();
    await run({ type: 'pause', minutes: null });
    expect(world.services.monitor.getSnapshot().worst).toBe('paused');
    await run({ type: 'resume' });
    const requestsBefore = demoSandbox().control.requests().length;
    await run({ type: 'check-now' });
    expect(demoSandbox().control.requests().length).toBeGreaterThan(requestsBefore);
    await run({ type: 'quit' });
    expect(callsOf('app.quit')).toHaveLength(1);
  });
});
