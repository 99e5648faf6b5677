import { CreditLedger } from './credit';

describe('credit accounting', () => {
  it('grants the target at first, then one more for each segment played out', () => {
    const c = new CreditLedger(3);
    expect(c.grant()).toBe(3);
    expect(c.grant()).toBe(0);
    c.received(true);
    c.received(true);
    expect(c.grant()).toBe(0);
    c.released();
    expect(c.grant()).toBe(1);
    expect(c.outstanding + c.held).toBe(3);
  });

  it('never keeps more than the target between held and promised, however often it is asked', () => {
    const c = new CreditLedger(4);
    let granted = c.grant();
    for (let i = 0; i < 100; i++) {
      if (c.outstanding > 0) c.received(true); // the server sends only against credit
      if (i % 2 === 0) c.released();
      granted += c.grant();
      expect(c.outstanding + c.held).toBeLessThanOrEqual(4);
    }
    expect(granted).toBeLessThanOrEqual(100 + 4);
  });

  it('after a seek grants again for the dropped segments, and frames still in flight are dropped and replaced', () => {
    const c = new CreditLedger(3);
    c.grant();
    c.received(true);
    c.received(true); // one still in flight
    c.dropHeld();
    expect(c.grant()).toBe(2); // two held were dropped
    c.received(false); // the old one arrives and is dropped
    expect(c.grant()).toBe(1);
    expect(c.outstanding).toBe(3);
  });

  it('starts from zero on a new socket', () => {
    const c = new CreditLedger(3);
    c.grant();
    c.received(true);
    c.connectionReset();
    expect(c.grant()).toBe(2); // one is held, the server owes nothing
  });

  it('stays within the server cap', () => {
    const c = new CreditLedger(16, 16);
    expect(c.grant()).toBe(16);
    c.dropHeld();
    expect(c.grant()).toBe(0);
    expect(() => new CreditLedger(17, 16)).toThrow();
  });
});
