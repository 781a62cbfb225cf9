package io.configsync.gateway;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/** A bridge socket listening to shard streams, with the context it was opened on. */
record SocketListener(SockJSSocket socket, Context context) implements ShardListener {

  @Override
  public boolean offer(Buffer frame) {
    if (socket.writeQueueFull()) {
      return false;
    }
    socket.write(frame);
    return true;
  }
}
