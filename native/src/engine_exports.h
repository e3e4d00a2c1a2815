// The update engine's N-API functions, registered by rnnlab_native.c's Init (see engine.c for their signatures).
#ifndef RNNLAB_ENGINE_EXPORTS_H
#define RNNLAB_ENGINE_EXPORTS_H
#include <node_api.h>

napi_value EngineCreate(napi_env env, napi_callback_info info);
napi_value EngineParams(napi_env env, napi_callback_info info);
napi_value EngineStateSizes(napi_env env, napi_callback_info info);
napi_value EngineUpdate(napi_env env, napi_callback_info info);
napi_value EngineRead(napi_env env, napi_callback_info info);
napi_value EngineWrite(napi_env env, napi_callback_info info);
napi_value EngineReadState(napi_env env, napi_callback_info info);
napi_value EngineWriteState(napi_env env, napi_callback_info info);
napi_value EngineIterations(napi_env env, napi_callback_info info);
napi_value EngineSetIterations(napi_env env, napi_callback_info info);
napi_value EngineDispose(napi_env env, napi_callback_info info);
napi_value EngineLiveCount(napi_env env, napi_callback_info info);
napi_value EngineLiveBytes(napi_env env, napi_callback_info info);

#endif
