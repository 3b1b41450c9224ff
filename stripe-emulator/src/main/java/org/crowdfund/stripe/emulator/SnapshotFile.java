package org.crowdfund.stripe.emulator;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.crowdfund.stripe.emulator.domain.EmulatorState;

/**
 * The optional state file: the whole account and the clock offset as JSON, written atomically
 * (temporary file, then rename) so a crash never leaves half a snapshot. Idempotency keys and
 * webhook deliveries in flight are not kept.
 */
final class SnapshotFile {

  /** What the file holds. */
  static final class Content {
    long clockOffsetMillis;
    EmulatorState state;
  }

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
      .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .build();

  private final Path path;

  SnapshotFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  Optional<Content> load() {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(path.toFile(), Content.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the emulator snapshot " + path, e);
    }
  }

  void save(Duration clockOffset, EmulatorState state) {
    Content content = new Content();
    content.clockOffsetMillis = clockOffset.toMillis();
    content.state = state;
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), content);
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the emulator snapshot " + path, e);
    }
  }
}
