package dev.latentforge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL database for tests: a Testcontainers container where Docker runs,
 * otherwise a fresh database on the server at {@code 127.0.0.1:5432} (user
 * {@code postgres}, trust authentication; override with
 * {@code LATENTFORGE_TEST_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}), which
 * {@code .ci/run} makes sure is running. Tests that need it are skipped when neither is
 * available, unless {@code LATENTFORGE_REQUIRE_POSTGRES} is set: then they fail.
 */
public final class Postgres {

	private static Postgres instance;

	private final String url;

	private final String user;

	private final String password;

	private final String unavailableReason;

	private Postgres(String url, String user, String password, String unavailableReason) {
		this.url = url;
		this.user = user;
		this.password = password;
		this.unavailableReason = unavailableReason;
	}

	public static synchronized Postgres get() {
		if (instance == null) {
			instance = create();
		}
		return instance;
	}

	/**
	 * Whether tests that need PostgreSQL should run (they fail when it is required but
	 * missing).
	 */
	public static boolean shouldRun() {
		return get().available() || required();
	}

	public static boolean required() {
		String value = System.getenv("LATENTFORGE_REQUIRE_POSTGRES");
		return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
	}

	private static Postgres create() {
		if (dockerAvailable()) {
			@SuppressWarnings("resource")
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			return new Postgres(container.getJdbcUrl(), container.getUsername(), container.getPassword(), null);
		}
		String base = env("LATENTFORGE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
		String user = env("LATENTFORGE_TEST_POSTGRES_USER", "postgres");
		String password = env("LATENTFORGE_TEST_POSTGRES_PASSWORD", "");
		String database = "latentforge_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(base, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + database);
		}
		catch (SQLException ex) {
			return new Postgres(null, null, null, "no PostgreSQL at " + base + ": " + ex.getMessage());
		}
		String url = base.substring(0, base.lastIndexOf('/') + 1) + database;
		Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(base, user, password, database)));
		return new Postgres(url, user, password, null);
	}

	private static void drop(String base, String user, String password, String database) {
		try (Connection connection = DriverManager.getConnection(base, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + database + " with (force)");
		}
		catch (SQLException ex) {
			System.err.println("could not drop test database " + database + ": " + ex.getMessage());
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}

	public boolean available() {
		return this.unavailableReason == null;
	}

	public String url() {
		if (!available()) {
			throw new IllegalStateException(
					"PostgreSQL is required (LATENTFORGE_REQUIRE_POSTGRES) but " + this.unavailableReason);
		}
		return this.url;
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

}
