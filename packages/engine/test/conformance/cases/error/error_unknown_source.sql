SELECT a FROM nowhere
