import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentDisposition, contentTypeFor, extensionOf, sanitizeFileName } from './file-names.ts';

describe('file names', () => {
  it('keeps only the last path component, for either separator', () => {
    assert.equal(sanitizeFileName('../../etc/passwd'), 'passwd');
    assert.equal(sanitizeFileName('..\\..\\Windows\\win.ini'), 'win.ini');
    assert.equal(sanitizeFileName('/abs/path/report.pdf'), 'report.pdf');
    assert.equal(sanitizeFileName('dir/'), 'file');
  });

  it('never yields "." or ".." or an empty name', () => {
    for (const raw of ['..', '.', '', '   ', 'a/..', '\u0000', '...']) assert.equal(sanitizeFileName(raw), 'file', JSON.stringify(raw));
    assert.equal(sanitizeFileName('.bashrc'), '.bashrc');
  });

  it('drops control and bidi-override characters and keeps the rest of unicode', () => {
    assert.equal(sanitizeFileName('a\u0000b\nc\u007f\u0085.txt'), 'abc.txt');
    assert.equal(sanitizeFileName('evil\u202Egpj.exe'), 'evilgpj.exe');
    assert.equal(sanitizeFileName('Blåbærsyltetøy ✓ 日本.txt'), 'Blåbærsyltetøy ✓ 日本.txt');
    assert.equal(sanitizeFileName('bad\ud800.txt'), 'bad\ufffd.txt');
  });

  it('cuts long names to 255 UTF-8 bytes on a character boundary, keeping the extension', () => {
    const long = sanitizeFileName(`${'ø'.repeat(300)}.jpeg`);
    assert.ok(Buffer.byteLength(long) <= 255);
    assert.ok(long.endsWith('ø.jpeg'));
    assert.equal(long, `${'ø'.repeat(125)}.jpeg`);
    assert.equal(Buffer.byteLength(sanitizeFileName('x'.repeat(1000))), 255);
  });

  it('derives extension and type from the name alone', () => {
    assert.equal(extensionOf('Photo.JPG'), 'jpg');
    assert.equal(extensionOf('archive.tar.gz'), 'gz');
    assert.equal(extensionOf('README'), '');
    assert.equal(extensionOf('trailing.'), '');
    assert.equal(contentTypeFor('jpg'), 'image/jpeg');
    assert.equal(contentTypeFor('html'), 'text/html');
    assert.equal(contentTypeFor('exe'), 'application/octet-stream');
    assert.equal(contentTypeFor(''), 'application/octet-stream');
  });

  it('writes Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    assert.equal(contentDisposition('attachment', 'a b.txt'), `attachment; filename="a b.txt"; filename*=UTF-8''a%20b.txt`);
    assert.equal(contentDisposition('inline', 'Blåbær "x";(1).png'), `inline; filename="Bl_b_r _x__(1).png"; filename*=UTF-8''Bl%C3%A5b%C3%A6r%20%22x%22%3B%281%29.png`);
  });
});
