package dev.lalala.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The components' runtimes as built by Maven: {@code platform/local-infra/<module>/target/runtime-classpath.txt}
 * (absolute paths into the local Maven repository) plus {@code target/classes}; and unpacking of archives into
 * the shared dist folder.
 */
final class Runtimes {

    private static final Object UNPACK_LOCK = new Object();

    private Runtimes() {
    }

    static Path moduleDir(Path home, String module) {
        return home.resolve("platform").resolve("local-infra").resolve(module);
    }

    /** The runtime class path entries of a runtime module (its classes first). */
    static List<Path> classpath(Path home, String module) {
        Path dir = moduleDir(home, module);
        Path file = dir.resolve("target").resolve("runtime-classpath.txt");
        if (!Files.exists(file)) {
            throw new InfrastructureException("the " + module + " runtime is not built: " + file + " is missing. Build it with"
                    + " `./mvnw -pl platform/local-infra/launcher -am package -DskipTests` (or add -am when building your"
                    + " module), from " + home);
        }
        List<Path> result = new ArrayList<>();
        Path classes = dir.resolve("target").resolve("classes");
        if (Files.isDirectory(classes)) {
            result.add(classes);
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).trim();
            for (String entry : content.split(":")) {
                if (entry.isBlank()) {
                    continue;
                }
                Path p = Path.of(entry.trim());
                if (!Files.exists(p)) {
                    throw new InfrastructureException("the " + module + " runtime refers to " + p + ", which is gone (local"
                            + " Maven repository cleaned?). Rebuild: `./mvnw -pl platform/local-infra/launcher -am package"
                            + " -DskipTests`");
                }
                result.add(p);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file, e);
        }
        return result;
    }

    /** The one class path entry of a runtime module whose file name starts with the prefix. */
    static Path artifact(Path home, String module, String fileNamePrefix) {
        return classpath(home, module).stream()
                .filter(p -> p.getFileName().toString().startsWith(fileNamePrefix))
                .findFirst()
                .orElseThrow(() -> new InfrastructureException("no " + fileNamePrefix + "* in the " + module
                        + " runtime; rebuild it with `./mvnw -pl platform/local-infra/launcher -am package -DskipTests`"));
    }

    /** A post-processing step run on the unpacked folder before it is published. */
    interface Preparer {
        void prepare(Path dir) throws Exception;
    }

    /**
     * Unpacks the entries of {@code archive} under {@code entryPrefix} into {@code target} once (shared across
     * processes: a file lock, a temp folder and an atomic rename), then runs the preparer on it before publishing.
     */
    static Path unpackOnce(Path archive, String entryPrefix, Path target, Preparer preparer) {
        if (Files.isDirectory(target)) {
            return target;
        }
        synchronized (UNPACK_LOCK) {
            try {
                Files.createDirectories(target.getParent());
                Path lockFile = target.getParent().resolve("." + target.getFileName() + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (Files.isDirectory(target)) {
                        return target;
                    }
                    byte[] random = new byte[4];
                    ThreadLocalRandom.current().nextBytes(random);
                    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + HexFormat.of().formatHex(random));
                    unzip(archive, entryPrefix, tmp);
                    preparer.prepare(tmp);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    return target;
                }
            } catch (InfrastructureException e) {
                throw e;
            } catch (Exception e) {
                throw new InfrastructureException("cannot unpack " + archive + " into " + target + ": " + e, e);
            }
        }
    }

    private static void unzip(Path archive, String entryPrefix, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith(entryPrefix) || name.length() == entryPrefix.length()) {
                    continue;
                }
                Path out = target.resolve(name.substring(entryPrefix.length())).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("bad zip entry " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** Makes a tree readable by everyone (dirs 755, files 644) and the files in the given sub folders executable. */
    static void makeWorldReadable(Path root, String... executableDirs) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (String d : executableDirs) {
            Path dir = root.resolve(d);
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        if (Files.isRegularFile(f)) {
                            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
                        }
                    }
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
