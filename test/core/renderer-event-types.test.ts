import { describe, expect, it } from 'vitest';
import { KNOWN_EVENT_TYPES } from '../../main/core/api/channel';
import { KNOWN_EVENT_TYPES as RENDERER_EVENT_TYPES } from '../../renderer/src/lib/event-types';

// The renderer may not import values from main/, so it keeps a copy of the known event list.
describe('renderer event types', () => {
  it('match the core list exactly, groups and order included', () => {
    expect(RENDERER_EVENT_TYPES).toEqual(KNOWN_EVENT_TYPES);
  });
});
