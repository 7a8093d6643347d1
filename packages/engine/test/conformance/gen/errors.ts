export function generateErrorCases(): void {}
