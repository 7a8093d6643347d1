interface ComingSoonProps {
  title: string;
  description: string;
}

export function ComingSoon({ title, description }: ComingSoonProps) {
  return (
    <section className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="empty-state" data-testid="coming-soon">
        <h2>Coming soon</h2>
        <p>{description}</p>
      </div>
    </section>
  );
}
