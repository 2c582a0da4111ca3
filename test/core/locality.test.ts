import { describe, expect, it } from 'vitest';
import { MAX_LOCALITY_VENUES, localityProblem } from '../../src/core/locality.ts';

const espoo = { localityId: 'espoo', name: 'Espoo', venues: ['espoo-theatre', 'espoo-museum'] };
const NOT_AN_OBJECT = 'a locality must be an object like {"localityId", "name", "venues"}';
const BAD_ID = '"localityId" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';
const BAD_NAME = '"name" must be text of 1-200 characters';
const BAD_VENUES = '"venues" must be a list of at most 2000 venue ids';

describe('localityProblem', () => {
  it('accepts a locality with its three fields, and one with no venues yet', () => {
    expect(localityProblem(espoo)).toBeNull();
    expect(localityProblem({ ...espoo, venues: [] })).toBeNull();
  });

  it.each([
    ['null', null],
    ['a list', [espoo]],
    ['text', 'espoo'],
    ['a number', 42],
  ])('refuses %s as not a locality object', (_n, value) => {
    expect(localityProblem(value)).toBe(NOT_AN_OBJECT);
  });

  it('refuses a field a locality does not have, naming it', () => {
    expect(localityProblem({ ...espoo, region: 'Uusimaa' })).toBe('"region" is not a field of a locality');
  });

  it.each(['localityId', 'name', 'venues'])('refuses a locality without "%s", naming the field', (field) => {
    const partial: Record<string, unknown> = { ...espoo };
    delete partial[field];
    expect(localityProblem(partial)).toBe(`"${field}" is missing`);
  });

  it.each([
    ['a number', 5], // 5 would pass the pattern as "5": the type check alone refuses it
    ['a space', 'espoo city'],
    ['a leading dash', '-espoo'],
  ])('refuses a localityId with %s', (_n, localityId) => {
    expect(localityProblem({ ...espoo, localityId })).toBe(BAD_ID);
  });

  it.each([
    ['a number', 5],
    ['only spaces', '   '],
    ['empty', ''],
    ['201 characters', 'x'.repeat(201)],
  ])('refuses a name that is %s', (_n, name) => {
    expect(localityProblem({ ...espoo, name })).toBe(BAD_NAME);
  });

  it('accepts a name of exactly 200 characters', () => {
    expect(localityProblem({ ...espoo, name: 'x'.repeat(200) })).toBeNull();
  });

  it('refuses venues that are not a list', () => {
    expect(localityProblem({ ...espoo, venues: 'espoo-theatre' })).toBe(BAD_VENUES);
    expect(localityProblem({ ...espoo, venues: { 0: 'espoo-theatre' } })).toBe(BAD_VENUES);
  });

  it('takes up to 2000 venues and refuses one more', () => {
    const ids = Array.from({ length: MAX_LOCALITY_VENUES + 1 }, (_v, i) => `venue-${i}`);
    expect(MAX_LOCALITY_VENUES).toBe(2000);
    expect(localityProblem({ ...espoo, venues: ids.slice(0, MAX_LOCALITY_VENUES) })).toBeNull();
    expect(localityProblem({ ...espoo, venues: ids })).toBe(BAD_VENUES);
  });

  it('refuses a venue entry that is not a venue id, counting items from 1', () => {
    expect(localityProblem({ ...espoo, venues: ['espoo theatre'] })).toBe('"venues" item 1 is not a venue id');
    expect(localityProblem({ ...espoo, venues: ['espoo-theatre', 7] })).toBe('"venues" item 2 is not a venue id');
    expect(localityProblem({ ...espoo, venues: ['espoo-theatre', 'espoo-museum', '.hidden'] })).toBe('"venues" item 3 is not a venue id');
  });

  it('a locality listing the same venue twice is refused, naming the venue', () => {
    expect(localityProblem({ ...espoo, venues: ['espoo-theatre', 'espoo-museum', 'espoo-theatre'] })).toBe('"venues" lists "espoo-theatre" twice');
  });
});
