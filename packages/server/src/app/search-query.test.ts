import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import { matchedTexts, parseSearch, searchHasCriteria, searchTimeBounds, searchWords, startOfDay, type ParsedSearch } from './search-query.ts';

const words = (s: ParsedSearch, kind: 'terms' | 'excludedTerms' = 'terms') => s[kind].map((t) => `${t.words.join(' ')}${t.prefix ? '*' : ''}`);

function rejects(input: string, id: string, message?: RegExp) {
  assert.throws(
    () => parseSearch(input),
    (err: unknown) => {
      assert.ok(err instanceof AppError, `${input}: ${String(err)}`);
      assert.equal(err.statusCode, 400, input);
      assert.equal(err.id, id, input);
      if (message) assert.match(err.message, message, input);
      return true;
    },
  );
}

describe('search query', () => {
  it('splits text into words on everything but letters, digits and marks, keeping case', () => {
    assert.deepEqual(searchWords('drift-status'), ['drift', 'status']);
    assert.deepEqual(searchWords('v1.2.3'), ['v1', '2', '3']);
    assert.deepEqual(searchWords('ola@fribyte.no'), ['ola', 'fribyte', 'no']);
    assert.deepEqual(searchWords('https://git.fribyte.no/drift/ansible'), ['https', 'git', 'fribyte', 'no', 'drift', 'ansible']);
    assert.deepEqual(searchWords('Blåbær_på «Ærø»!'), ['Blåbær', 'på', 'Ærø']);
    assert.deepEqual(searchWords('#drift 😀 — *'), ['drift']);
    assert.deepEqual(searchWords('cafe\u0301 \u0301x'), ['cafe\u0301', 'x'], 'a combining mark continues a word, never starts one');
  });

  it('parses plain terms, all of them required by default', () => {
    const s = parseSearch('  backup   failed ');
    assert.deepEqual(words(s), ['backup', 'failed']);
    assert.deepEqual(s.terms.map((t) => t.text), ['backup', 'failed']);
    assert.equal(searchHasCriteria(s), true);
  });

  it('keeps dashed, dotted, e-mail and URL terms together as one phrase of their parts', () => {
    const s = parseSearch('drift-status v1.2.3 ola@fribyte.no https://git.fribyte.no/drift/ansible');
    assert.deepEqual(words(s), ['drift status', 'v1 2 3', 'ola fribyte no', 'https git fribyte no drift ansible']);
    assert.deepEqual(s.fromUsers, [], 'https: is not a flag');
  });

  it('parses quoted phrases, with or without a prefix star', () => {
    const s = parseSearch('"backup job" x "on call"* "deploy to pro*"');
    assert.deepEqual(words(s), ['backup job', 'x', 'on call*', 'deploy to pro*']);
    assert.deepEqual(s.terms.map((t) => t.text), ['backup job', 'x', 'on call', 'deploy to pro']);
    assert.deepEqual(words(parseSearch('foo"bar baz"')), ['foo', 'bar baz'], 'a quote inside a word starts a phrase');
  });

  it('parses exclusions of terms and phrases', () => {
    const s = parseSearch('backup -failed -"on call" -drift-status - x');
    assert.deepEqual(words(s), ['backup', 'x']);
    assert.deepEqual(words(s, 'excludedTerms'), ['failed', 'on call', 'drift status']);
    assert.equal(searchHasCriteria(parseSearch('-failed')), false, 'exclusions alone ask for nothing');
  });

  it('parses prefix terms', () => {
    assert.deepEqual(words(parseSearch('deplo* drift-sta** -old*')), ['deplo*', 'drift sta*']);
    assert.deepEqual(words(parseSearch('-old*'), 'excludedTerms'), ['old*']);
    assert.deepEqual(words(parseSearch('* ** -*')), [], 'a star alone is no term');
  });

  it('treats #hashtags as terms', () => {
    const s = parseSearch('#drift-ops #dugnad');
    assert.deepEqual(words(s), ['drift ops', 'dugnad']);
    assert.deepEqual(s.terms.map((t) => t.text), ['#drift-ops', '#dugnad']);
  });

  it('parses from: and in: (several allowed), their exclusions, and in:@user for a direct message', () => {
    const s = parseSearch('from:alice FROM:@Bob in:town-square channel:~Drift in:@carol -from:dave -in:off-topic -channel:@erin backup');
    assert.deepEqual(s.fromUsers, ['alice', 'bob']);
    assert.deepEqual(s.excludedUsers, ['dave']);
    assert.deepEqual(s.inChannels, ['town-square', 'drift', '@carol']);
    assert.deepEqual(s.excludedChannels, ['off-topic', '@erin']);
    assert.deepEqual(words(s), ['backup']);
    assert.equal(searchHasCriteria(parseSearch('from:alice')), true);
    assert.equal(searchHasCriteria(parseSearch('in:drift')), true);
    assert.deepEqual(words(parseSearch('to:alice')), ['to alice'], 'an unknown flag is a term');
  });

  it('parses ext: and -ext: for file search (lower case, without a dot); message search does not count them', () => {
    const s = parseSearch('rapport ext:PDF ext:.docx -ext:txt');
    assert.deepEqual(s.extensions, ['pdf', 'docx']);
    assert.deepEqual(s.excludedExtensions, ['txt']);
    assert.deepEqual(words(s), ['rapport']);
    assert.equal(searchHasCriteria(parseSearch('ext:pdf')), false);
    assert.throws(() => parseSearch('ext:'), /ext:pdf/);
  });

  it('parses on:, before: and after: dates and their exclusions; a later flag replaces an earlier one', () => {
    const s = parseSearch('on:2024-5-7 before:2024-06-01 after:2024-01-31 after:2024-02-01 -on:2024-05-08 -on:2024-05-09 -before:2024-01-01 -after:2024-12-31');
    assert.equal(s.onDate, '2024-05-07');
    assert.equal(s.beforeDate, '2024-06-01');
    assert.equal(s.afterDate, '2024-02-01');
    assert.deepEqual(s.excludedOnDates, ['2024-05-08', '2024-05-09']);
    assert.equal(s.excludedBeforeDate, '2024-01-01');
    assert.equal(s.excludedAfterDate, '2024-12-31');
    assert.equal(searchHasCriteria(parseSearch('after:2024-01-01')), true);
  });

  it('turns dates into times in the searcher’s time zone, as Mattermost does', () => {
    const day = 86_400_000;
    const may7 = Date.UTC(2024, 4, 7);
    assert.equal(startOfDay('2024-05-07', 0), may7);
    assert.equal(startOfDay('2024-05-07', 7200), may7 - 7_200_000, 'UTC+2: the day starts two hours before UTC midnight');
    assert.deepEqual(searchTimeBounds(parseSearch('on:2024-05-07'), 7200), { since: may7 - 7_200_000, until: may7 + day - 7_200_000, excluded: [] });
    assert.deepEqual(searchTimeBounds(parseSearch('after:2024-05-07'), 0), { since: may7 + day, excluded: [] }, 'after: starts the next day');
    assert.deepEqual(searchTimeBounds(parseSearch('before:2024-05-07'), -3600), { until: may7 + 3_600_000, excluded: [] }, 'before: ends when the day begins');
    assert.deepEqual(searchTimeBounds(parseSearch('after:2024-05-01 before:2024-05-07 on:2024-05-03'), 0), { since: Date.UTC(2024, 4, 3), until: Date.UTC(2024, 4, 4), excluded: [] });
    assert.deepEqual(searchTimeBounds(parseSearch('-on:2024-05-07 -after:2024-05-07 -before:2024-05-01'), 0), {
      since: Date.UTC(2024, 4, 1),
      until: may7 + day,
      excluded: [{ since: may7, until: may7 + day }],
    });
    assert.deepEqual(searchTimeBounds(parseSearch('backup'), 3600), { excluded: [] });
  });

  it('rejects bad syntax with a clear 400', () => {
    rejects('before:notadate', 'api.post.search_posts.invalid_date.app_error', /before: takes a date as YYYY-MM-DD/);
    rejects('on:2024-02-30', 'api.post.search_posts.invalid_date.app_error');
    rejects('after:2024-13-01', 'api.post.search_posts.invalid_date.app_error');
    rejects('-on:yesterday', 'api.post.search_posts.invalid_date.app_error');
    rejects('backup "on call', 'api.post.search_posts.unbalanced_quote.app_error', /closing/);
    rejects('a" b', 'api.post.search_posts.unbalanced_quote.app_error');
    rejects('from: alice', 'api.post.search_posts.empty_flag.app_error', /from:username/);
    rejects('in:', 'api.post.search_posts.empty_flag.app_error');
    rejects('x'.repeat(65), 'api.post.search_posts.term_too_long.app_error', /64/);
    rejects(`"short ${'y'.repeat(65)}"`, 'api.post.search_posts.term_too_long.app_error');
    rejects(`from:${'z'.repeat(65)}`, 'api.post.search_posts.term_too_long.app_error');
    rejects(Array.from({ length: 41 }, (_, i) => `t${i}`).join(' '), 'api.post.search_posts.too_many_terms.app_error', /at most 40/);
    rejects(`"${Array.from({ length: 41 }, (_, i) => `w${i}`).join(' ')}"`, 'api.post.search_posts.too_many_terms.app_error');
    assert.equal(parseSearch('x'.repeat(64)).terms.length, 1);
    assert.equal(parseSearch(Array.from({ length: 40 }, (_, i) => `t${i}`).join(' ')).terms.length, 40);
    assert.equal(parseSearch('https://git.fribyte.no/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u').terms.length, 1, 'one term however many parts');
  });

  it('finds the text each term matched in a message, for highlighting', () => {
    const terms = parseSearch('drift-status "backup jo*" blå* #dugnad v1.2').terms;
    assert.deepEqual(matchedTexts('Drift-Status: the BACKUP Jobs ran; blåbær #dugnad on v1.2.3', terms), ['Drift-Status', 'BACKUP Jobs', 'blåbær', '#dugnad', 'v1.2']);
    assert.deepEqual(matchedTexts('drift and status', parseSearch('drift-status').terms), []);
    assert.deepEqual(matchedTexts('ola@fribyte.no og ola@fribyte.no', parseSearch('fribyte.no').terms), ['fribyte.no']);
  });
});
