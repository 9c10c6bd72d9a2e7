import { describe, expect, it } from 'vitest';
import { WaitEstimator } from './wait-estimate.js';

const MIN = 60_000;

describe('WaitEstimator', () => {
  it('uses the configured default until calls have been handled', () => {
    const estimator = new WaitEstimator(5 * MIN);
    expect(estimator.averageHandleMs('loan')).toBe(5 * MIN);
    expect(estimator.estimateMs({ serviceId: 'loan', position: 3, staffedTellers: 1, freeTellers: 0 })).toBe(
      15 * MIN,
    );
  });

  it('follows the service’s recent handle times, else all services’', () => {
    const estimator = new WaitEstimator(5 * MIN);
    estimator.addHandleTime('loan', 2 * MIN);
    estimator.addHandleTime('loan', 4 * MIN);
    estimator.addHandleTime('claims', 9 * MIN);
    expect(estimator.averageHandleMs('loan')).toBe(3 * MIN);
    expect(estimator.averageHandleMs('surrender')).toBe(5 * MIN);
  });

  it('forgets calls older than the most recent twenty', () => {
    const estimator = new WaitEstimator(MIN);
    for (let i = 0; i < 20; i++) estimator.addHandleTime('loan', 10 * MIN);
    for (let i = 0; i < 20; i++) estimator.addHandleTime('loan', 2 * MIN);
    expect(estimator.averageHandleMs('loan')).toBe(2 * MIN);
  });

  it('divides the customers ahead among the staffed tellers', () => {
    const estimator = new WaitEstimator(6 * MIN);
    expect(estimator.estimateMs({ serviceId: 'x', position: 4, staffedTellers: 2, freeTellers: 0 })).toBe(
      12 * MIN,
    );
    expect(estimator.estimateMs({ serviceId: 'x', position: 5, staffedTellers: 3, freeTellers: 1 })).toBe(
      8 * MIN,
    );
  });

  it('is zero when a free teller can take the customer, unknown when nobody is working', () => {
    const estimator = new WaitEstimator(6 * MIN);
    expect(estimator.estimateMs({ serviceId: 'x', position: 1, staffedTellers: 2, freeTellers: 1 })).toBe(0);
    expect(
      estimator.estimateMs({ serviceId: 'x', position: 1, staffedTellers: 0, freeTellers: 0 }),
    ).toBeNull();
  });

  it('shrinks as the customer moves up the line', () => {
    const estimator = new WaitEstimator(6 * MIN);
    const at = (position: number) =>
      estimator.estimateMs({ serviceId: 'x', position, staffedTellers: 2, freeTellers: 0 })!;
    expect(at(3)).toBeLessThan(at(4));
    expect(at(2)).toBeLessThan(at(3));
  });

  it('ignores nonsense durations', () => {
    const estimator = new WaitEstimator(MIN);
    estimator.addHandleTime('loan', -5);
    estimator.addHandleTime('loan', Number.NaN);
    expect(estimator.averageHandleMs('loan')).toBe(MIN);
  });
});
