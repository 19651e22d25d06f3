import { expect, test } from '@playwright/test';
import { englishRelativeTime, type RelativeUnit } from '../../renderer/src/lib/english-relative-time';

const UNITS: RelativeUnit[] = ['second', 'minute', 'hour', 'day', 'year'];
const LOCALES = [
  'en',
  'en-US',
  'en-GB',
  'en-AU',
  'en-CA',
  'en-IE',
  'en-IN',
  'en-NZ',
  'en-ZA',
  'en-001',
  'en-150',
];

// A window in English paints its first screenful's relative times without Intl (time-format.svelte.ts):
// they must read exactly as Chromium's Intl.RelativeTimeFormat, which replaces them a frame later.
test("the first screen's English relative times are Chromium's own, in every English locale", async ({
  page,
}) => {
  const intl = await page.evaluate(
    ({ locales, units }) =>
      locales.map((locale) => {
        const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
        return units.map((unit) => {
          const said: string[] = [];
          for (let value = -999; value <= 999; value += 1) said.push(format.format(value, unit));
          return said;
        });
      }),
    { locales: LOCALES, units: UNITS },
  );
  for (const [l, locale] of LOCALES.entries()) {
    for (const [u, unit] of UNITS.entries()) {
      const ours = intl[l]![u]!.map((_, index) => englishRelativeTime(index - 999, unit));
      const expected = intl[l]![u]!.map((text, index) => (index === 999 ? null : text));
      expect(ours, `${locale}, ${unit}`).toEqual(expected);
    }
  }
  expect(englishRelativeTime(1000, 'year')).toBeNull();
  expect(englishRelativeTime(2.5, 'day')).toBeNull();
});
