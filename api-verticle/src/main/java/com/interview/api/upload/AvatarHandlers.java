package com.interview.api.upload;

import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import com.interview.api.db.Cache;
import com.interview.api.user.UserHandlers;
import com.interview.api.user.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;

/**
 * putAvatar ({@code PUT /api/users/me/avatar}, the body is the image). In order: the size ({@code uploads.maxSize},
 * 413 {@code image_too_large}); the format from the bytes, whatever the {@code Content-Type} said (a PNG declared
 * as {@code image/jpeg} is stored as the PNG it is; anything else, SVG included, is 415 {@code unsupported_image});
 * the dimensions from the header (over {@value #MAX_DIMENSION} on a side: 422 {@code image_dimensions_too_large},
 * nothing decoded); PNG and JPEG re-encoded on a worker; the file stored under its content hash; the user's
 * {@code avatar_url} set; the previous file deleted unless another user still shows it; the cached profile dropped.
 */
public final class AvatarHandlers {

  /** Largest accepted width and height. */
  public static final int MAX_DIMENSION = 4096;
  private static final Logger log = LoggerFactory.getLogger(AvatarHandlers.class);

  private final UserRepository users;
  private final Cache cache;
  private final AvatarStore store;
  private final ImageReencoder reencoder;
  private final long maxSize;

  public AvatarHandlers(UserRepository users, Cache cache, AvatarStore store, ImageReencoder reencoder, long maxSize) {
    this.users = users;
    this.cache = cache;
    this.store = store;
    this.reencoder = reencoder;
    this.maxSize = maxSize;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of("putAvatar", this::putAvatar);
  }

  private Future<ApiResponse> putAvatar(ApiCall call) {
    UUID me = call.caller().userId();
    Buffer image = call.request().body();
    if (image == null || image.length() == 0) {
      throw UploadProblems.unsupported();
    }
    if (image.length() > maxSize) {
      throw UploadProblems.tooLarge(maxSize);
    }
    ImageFormat format = ImageSniffer.sniff(image);
    if (format == null) {
      throw UploadProblems.unsupported();
    }
    ImageDimensions size = ImageDimensions.of(format, image);
    if (size == null) {
      throw UploadProblems.unreadable();
    }
    if (!size.within(MAX_DIMENSION)) {
      throw UploadProblems.tooManyPixels(MAX_DIMENSION);
    }
    Future<Buffer> clean = format.reencoded() ? reencoder.reencode(format, image) : Future.succeededFuture(image);
    return clean.compose(bytes -> store.urlOf(bytes, format).compose(url -> users.withAvatarFileLock(url, db ->
        store.store(bytes, url).compose(v -> users.setAvatar(db, me, url)))
      .compose(result -> {
        if (result == null) {
          return Future.failedFuture(new ApiProblem(401, "unauthorized", "The account no longer exists."));
        }
        String previous = result[0].getString("previous");
        JsonObject user = result[1];
        return dropUnused(previous, url)
          .compose(v -> cache.invalidate(UserHandlers.profileKey(me)))
          .map(v -> ApiResponse.json(200, user));
      })));
  }

  /**
   * Deletes the previous avatar's file unless it is the new one or another user shows it too; never fails. The check
   * and the delete hold the file's lock: an upload of the same image by someone else waits, then stores it again.
   */
  private Future<Void> dropUnused(String previous, String current) {
    if (previous == null || previous.equals(current)) {
      return Future.succeededFuture();
    }
    return users.withAvatarFileLock(previous, db -> users.avatarInUse(db, previous)
        .compose(inUse -> inUse ? Future.<Void>succeededFuture() : store.delete(previous)))
      .recover(e -> {
        log.warn("previous avatar " + previous + " kept: " + e.getMessage());
        return Future.succeededFuture();
      });
  }
}
