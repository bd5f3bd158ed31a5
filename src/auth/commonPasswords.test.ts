import { describe, expect, it } from 'vitest';
import { isCommonPassword } from './commonPasswords.ts';

const user = { email: 'priya.patel@example.nhs.uk', name: 'Priya Patel' };

// ASVS 5.0 V6.2.4 (common passwords) and V6.2.11 (context-specific words); 12+ characters is checked apart.
describe('common and guessable passwords', () => {
  it.each([
    ['password123', true],
    ['Password1234', true],
    ['P@ssw0rd', true],
    ['reconnect2026', true],
    ['aaaaaaaaaaaa', true],
    ['priya.patel-2026', true],
    ['my name is patel', true],
    ['violet kettle runs uphill', false],
    ['4 tins of pears and a crow', false],
  ])('%s → %s', (password, common) => {
    expect(isCommonPassword(password, user)).toBe(common);
  });
});
