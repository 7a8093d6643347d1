import Link from 'next/link';

export const metadata = { title: 'Page not found · Velo' };

export default function NotFound() {
  return (
    <main className="loading-screen" data-testid="not-found">
      <div className="card narrow">
        <h1>Page not found</h1>
        <p className="muted">
          There is nothing at this address. It may have moved, or the link is wrong.
        </p>
        <nav aria-label="Where to go">
          <ul className="nav-list">
            <li>
              <Link href="/editor">Editor</Link>
            </li>
            <li>
              <Link href="/jobs">Jobs</Link>
            </li>
            <li>
              <Link href="/connections">Connections</Link>
            </li>
          </ul>
        </nav>
      </div>
    </main>
  );
}
