import { AppError } from '../../errors.ts';

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'P2002';
}

export function jobNameTakenError(name: string): AppError {
  const message = `a job named "${name}" already exists in this team`;
  return new AppError('CONFLICT', message, { name: [message] });
}
