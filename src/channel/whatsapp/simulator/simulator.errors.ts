import { AppError } from '../../../platform/errors.js';

/** A simulator control call (`sendInbound`, `markRead`, `injectFault` …) given something it cannot use. */
export class SimulatorInputError extends AppError {
  constructor(message: string) {
    super('SIMULATOR_INVALID_INPUT', message, 400);
    this.name = 'SimulatorInputError';
  }
}
