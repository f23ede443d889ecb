package io.stackgate.model;

/** Grafana's database. {@code password} may be absent: the RDS-managed secret is then used. */
public record Database(DatabaseEngine engine, Secret password) {
    public Database {
        Checks.required("engine", engine);
    }

    public static Database of(DatabaseEngine engine) {
        return new Database(engine, null);
    }
}
