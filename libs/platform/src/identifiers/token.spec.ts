import { TOKEN_PATTERN } from './token';

describe('TOKEN_PATTERN', () => {
  it.each(['0b9f6a3e-4c1d-4f7a-9d2e-1a2b3c4d5e6f', 'retry:42', 'a.b_c-d', 'x'.repeat(128)])('accepts %j', (token) => {
    expect(TOKEN_PATTERN.test(token)).toBe(true);
  });

  it.each(['', 'x'.repeat(129), 'has space', 'slash/', 'new\nline', 'ünï', "quote'"])('refuses %j', (token) => {
    expect(TOKEN_PATTERN.test(token)).toBe(false);
  });
});
