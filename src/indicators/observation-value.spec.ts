import { isExactValue, latestTodayOnEarth } from './observation-value';
import { trendOf } from './indicator-trend';

describe('observation values', () => {
  it.each([0, -0, 1, -1, 0.5, 0.000001, 999999999999999, 999999999.999999, -123456789.123456, 106000])('accepts %p', (value) => {
    expect(isExactValue(value)).toBe(true);
  });

  it.each([NaN, Infinity, -Infinity, 1e15, 0.0000001, 0.1234567, 1234567890.123456, 1e21, '1', null, undefined])('refuses %p', (value) => {
    expect(isExactValue(value)).toBe(false);
  });

  it('takes today as it is in UTC+14', () => {
    expect(latestTodayOnEarth(new Date('2024-03-01T09:59:59Z'))).toBe('2024-03-01');
    expect(latestTodayOnEarth(new Date('2024-03-01T10:00:00Z'))).toBe('2024-03-02');
  });
});

describe('trend', () => {
  it.each<['higher' | 'lower', number | undefined, number | undefined, string | null]>([
    ['higher', 5, 4, 'improving'],
    ['higher', 4, 5, 'worsening'],
    ['lower', 4, 5, 'improving'],
    ['lower', 5, 4, 'worsening'],
    ['lower', 4, 4, 'flat'],
    ['higher', 0, -0, 'flat'],
    ['higher', 4, undefined, null],
    ['lower', undefined, undefined, null],
  ])('better %s, latest %p against %p: %p', (betterWhen, latest, previous, expected) => {
    expect(trendOf(betterWhen, latest, previous)).toBe(expected);
  });
});
