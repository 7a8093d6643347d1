import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import './globals.css';

// Rendered per request: the CSP nonce (src/middleware.ts) differs on every response, and Next
// only puts it on the scripts of pages it renders dynamically.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Velo',
  description: 'Streaming SQL for teams',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
