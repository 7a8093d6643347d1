import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-screen">
      <div className="auth-brand">
        <span className="brand-mark">V</span>
        <span className="brand-name">Velo</span>
      </div>
      {children}
    </div>
  );
}
