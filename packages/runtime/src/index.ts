// The run loop shared by the CLI, the worker and the browser preview (being built: issue 6).
export {};
