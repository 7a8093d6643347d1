import { AppError } from '../../errors.ts';

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'P2002';
}

export function jobNameTakenError(name: string): AppError {
  const message = `A job named "${name}" already exists in this team; choose another name`;
  return new AppError('CONFLICT', message, { name: [message] });
}
