// The Electron fuses the packaged app must carry (docs/SECURITY.md explains each), and the stand-in
// fuse wire the packaging check gives its fake Electron binary so electron-builder has fuses to flip.
// The expected values live here, not in electron-builder.yml: a fuse dropped from the config fails.
import fuses from '@electron/fuses';

const { FuseV1Options, FuseVersion, getCurrentFuseWire } = fuses;

/** The marker @electron/fuses looks for; the wire follows it: version, length, one byte per fuse. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DISABLED = '0'.charCodeAt(0);
const ENABLED = '1'.charCodeAt(0);

/** Each fuse by its electron-builder.yml key, with its index in the wire and the value it must have. */
export const EXPECTED_FUSES = [
  { key: 'runAsNode', index: FuseV1Options.RunAsNode, enabled: false },
  { key: 'enableCookieEncryption', index: FuseV1Options.EnableCookieEncryption, enabled: true },
  {
    key: 'enableNodeOptionsEnvironmentVariable',
    index: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
    enabled: false,
  },
  {
    key: 'enableNodeCliInspectArguments',
    index: FuseV1Options.EnableNodeCliInspectArguments,
    enabled: false,
  },
  {
    key: 'enableEmbeddedAsarIntegrityValidation',
    index: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
    enabled: true,
  },
  { key: 'onlyLoadAppFromAsar', index: FuseV1Options.OnlyLoadAppFromAsar, enabled: true },
  {
    key: 'grantFileProtocolExtraPrivileges',
    index: FuseV1Options.GrantFileProtocolExtraPrivileges,
    enabled: false,
  },
];

/** Electron's own defaults, each the opposite of what the app wants, so only a flip passes the check. */
const STOCK_WIRE = [
  [FuseV1Options.RunAsNode, ENABLED],
  [FuseV1Options.EnableCookieEncryption, DISABLED],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, ENABLED],
  [FuseV1Options.EnableNodeCliInspectArguments, ENABLED],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, DISABLED],
  [FuseV1Options.OnlyLoadAppFromAsar, DISABLED],
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot, DISABLED],
  [FuseV1Options.GrantFileProtocolExtraPrivileges, ENABLED],
];

/** The bytes of a stand-in Electron executable: filler around a version 1 fuse wire in stock state. */
export function standInBinary() {
  const wire = Buffer.alloc(STOCK_WIRE.length);
  for (const [index, state] of STOCK_WIRE) wire[index] = state;
  return Buffer.concat([
    Buffer.from('#!/bin/false\nstand-in electron\n'),
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([Number(FuseVersion.V1), wire.length]),
    wire,
    Buffer.from('\n'),
  ]);
}

/** Reads the fuse wire of a packaged executable back; returns one line per fuse that is not as expected. */
export async function fuseProblems(executable) {
  const wire = await getCurrentFuseWire(executable);
  return EXPECTED_FUSES.filter(({ index, enabled }) => wire[index] !== (enabled ? ENABLED : DISABLED)).map(
    ({ key, index, enabled }) =>
      `fuse ${key} is ${describe(wire[index])}, expected ${enabled ? 'on' : 'off'} (set electronFuses.${key}: ${enabled} in the config)`,
  );
}

function describe(state) {
  if (state === ENABLED) return 'on';
  if (state === DISABLED) return 'off';
  return `in state ${state}`;
}
