package dev.lalala.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the LALALA checkout: {@code -Dlalala.home}, else {@code LALALA_HOME}, else up from the working directory. */
public final class Home {

    private Home() {
    }

    public static Path find() {
        String configured = Configuration.value("lalala.home", "LALALA_HOME");
        if (configured != null) {
            Path home = Path.of(configured).toAbsolutePath().normalize();
            if (!isHome(home)) {
                throw new InfrastructureException("lalala.home/LALALA_HOME points to " + home
                        + ", which does not hold mvnw and platform/local-infra");
            }
            return home;
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (isHome(p)) {
                return p;
            }
        }
        throw new InfrastructureException("cannot find the LALALA checkout from " + dir
                + ": set -Dlalala.home or LALALA_HOME to the folder that holds mvnw and platform/local-infra");
    }

    static boolean isHome(Path p) {
        return Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("platform").resolve("local-infra"));
    }
}
