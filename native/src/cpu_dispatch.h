// Runtime choice between an AVX2+FMA build of an elementwise loop and the baseline build. GCC's target_clones with
// "arch=haswell" dispatches on the CPU *model* (measured: an AMD EPYC with AVX2 and FMA got the SSE clone, and so
// would any Intel core after Haswell), so rnnlab checks the features itself, once.
#ifndef RNNLAB_CPU_DISPATCH_H
#define RNNLAB_CPU_DISPATCH_H

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
static inline int rnnlab_cpu_has_avx2_fma(void) {
  static int cached = -1;
  if (cached < 0) {
    __builtin_cpu_init();
    cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  return cached;
}
// name(params) runs name##_body(args) built for AVX2+FMA (vector expf/tanhf from libmvec) or for the baseline.
#define RNNLAB_DISPATCH(ret, name, params, args)                                               \
  __attribute__((target("avx2,fma"))) static ret name##_avx2 params { return name##_body args; } \
  static ret name##_base params { return name##_body args; }                                  \
  ret name params { return rnnlab_cpu_has_avx2_fma() ? name##_avx2 args : name##_base args; }
#define RNNLAB_DISPATCH_VOID(name, params, args)                                          \
  __attribute__((target("avx2,fma"))) static void name##_avx2 params { name##_body args; } \
  static void name##_base params { name##_body args; }                                   \
  void name params {                                                                     \
    if (rnnlab_cpu_has_avx2_fma()) name##_avx2 args;                                     \
    else name##_base args;                                                               \
  }
#else
#define RNNLAB_DISPATCH(ret, name, params, args) \
  ret name params { return name##_body args; }
#define RNNLAB_DISPATCH_VOID(name, params, args) \
  void name params { name##_body args; }
#endif

// A loop body inlined into each build.
#define RNNLAB_BODY static inline __attribute__((always_inline))

#endif
