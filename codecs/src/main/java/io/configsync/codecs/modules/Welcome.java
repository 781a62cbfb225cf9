package io.configsync.codecs.modules;

import io.configsync.codecs.ModuleLimits;

/**
 * The {@code welcome} module: greets every member who joins, in a channel or by direct message.
 * Its limits are read from its schema ({@link ModuleDescriptor}).
 */
public final class Welcome {

  public static final ModuleDescriptor MODULE = ModuleDescriptor.load("welcome");

  public static final String ID = MODULE.id();

  /**
   * The message template's longest, in UTF-16 units ({@link ModuleLimits#textLength}): Discord's
   * limit for a message.
   */
  public static final int MESSAGE_MAX_LENGTH = MODULE.limit("/properties/message/maxLength");

  private Welcome() {}
}
