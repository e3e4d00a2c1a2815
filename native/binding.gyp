# node-gyp build of the rnnlab-native addon: OpenBLAS on Linux (and other non-macOS), Accelerate on macOS.
{
  "targets": [
    {
      "target_name": "rnnlab_native",
      "sources": ["src/rnnlab_native.c"],
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
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
