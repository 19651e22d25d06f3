/** The app's in-process demo sandbox is locked like any other: its token stays in the app, deliveries stay local. */
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxDemo } from '../../../main/core/sandbox/sandbox-demo';
import { startSandbox } from '../../../main/core/sandbox/sandbox-server';
import type { SandboxOptions } from '../../../main/core/sandbox/types';
import { closeRawServers, rawRequest, rawServer } from '../../support/raw-http';

const demos: SandboxDemo[] = [];

afterEach(async () => {
  await Promise.all(demos.splice(0).map((demo) => demo.stop()));
  await closeRawServers();
});

describe('the app’s sandbox demo', () => {
  it('holds a control token that its HTTP controls need, and delivers to this machine only', async () => {
    // A caller that asks for remote delivery anyway (through an untyped path) does not get it.
    const sandboxOptions = { deliveryIntervalMs: null, allowRemoteDelivery: true } as SandboxOptions;
    const demo = new SandboxDemo({ startSandbox, sandboxOptions });
    demos.push(demo);
    const { sandbox } = await demo.start();
    const host = { Host: `127.0.0.1:${sandbox.port}` };
    expect(
      (await rawRequest(sandbox.port, { method: 'GET', path: '/_sandbox/state', headers: host })).status,
    ).toBe(401);
    const authorized = { ...host, Authorization: `Bearer ${sandbox.controlToken}` };
    expect(
      (await rawRequest(sandbox.port, { method: 'GET', path: '/_sandbox/state', headers: authorized }))
        .status,
    ).toBe(200);

    // 0.0.0.0 reaches a server on 127.0.0.1, yet the demo does not deliver there.
    const server = await rawServer((_request, response) => response.writeHead(200).end());
    const url = `http://0.0.0.0:${new URL(server.url).port}/hook`;
    sandbox.control.addSubscription({ url, notificationServiceTypes: ['INVOICE'] });
    const attempts = await sandbox.control.deliverNow();
    expect(attempts.find((attempt) => attempt.url === url)?.error).toContain('--allow-remote-delivery');
    expect(server.connections()).toBe(0);
  });
});
