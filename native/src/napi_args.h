// Argument checking shared by the N-API entry points of rnnlab_native.c and engine.c.
#ifndef RNNLAB_NAPI_ARGS_H
#define RNNLAB_NAPI_ARGS_H
#include <stdio.h>
#include <node_api.h>

// Fills argv with the call's first `want` arguments; throws a TypeError and returns 0 when fewer were passed.
static inline int get_args(napi_env env, napi_callback_info info, size_t want, napi_value* argv) {
  size_t argc = want;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < want) {
    char msg[120];
    snprintf(msg, sizeof msg, "rnnlab-native: expected %zu arguments, got %zu", want, argc);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

#endif
