# node-gyp build of the rnnlab-native addon: OpenBLAS on Linux (and other non-macOS), Accelerate on macOS.
# The elementwise loops (softmax, activations) are a separate static library built with -ffast-math, so only they
# get vectorised expf/tanhf and relaxed NaN rules; the N-API glue and argument checks keep strict IEEE semantics.
# The engine's Adam step is a third library, built with only -fno-math-errno (so its loop vectorises, results exact).
{
  "targets": [
    {
      "target_name": "rnnlab_fast_math",
      "type": "static_library",
      "sources": ["src/rnnlab_fast_math.c", "src/engine_math.c"],
      "cflags": ["-O3", "-std=gnu11", "-fPIC", "-ffast-math", "-Wall"],
      "xcode_settings": {
        "GCC_OPTIMIZATION_LEVEL": "3",
        "OTHER_CFLAGS": ["-std=gnu11", "-ffast-math"]
      }
    },
    {
      "target_name": "rnnlab_engine_exact",
      "type": "static_library",
      "sources": ["src/adam.c"],
      "cflags": ["-O3", "-std=c11", "-fPIC", "-fno-math-errno", "-Wall"],
      "xcode_settings": {
        "GCC_OPTIMIZATION_LEVEL": "3",
        "OTHER_CFLAGS": ["-std=c11", "-fno-math-errno"]
      }
    },
    {
      "target_name": "rnnlab_native",
      "sources": [
        "src/rnnlab_native.c",
        "src/engine.c",
        "src/recurrence.c",
        "src/output_layer.c",
        "src/train_tanh_stack.c",
        "src/train_rnncf.c",
        "src/train_lstm.c"
      ],
      "dependencies": ["rnnlab_fast_math", "rnnlab_engine_exact"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wno-unused-parameter"],
      "conditions": [
        ["OS=='mac'", {
          "defines": ["RNNLAB_ACCELERATE"],
          "libraries": ["-framework Accelerate"],
          "xcode_settings": {
            "GCC_OPTIMIZATION_LEVEL": "3",
            "OTHER_CFLAGS": ["-std=c11", "-Wno-deprecated-declarations"]
          }
        }],
        ["OS!='mac'", {
          "include_dirs": ["/usr/include/openblas"],
          "libraries": ["-lopenblas", "-lm"]
        }]
      ]
    }
  ]
}
