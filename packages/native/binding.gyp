{
  # Two addons from one source tree. uacce_native is what every user loads (the queue's system
  # calls); uacce_native_emulator holds what only the emulator needs (process_vm_readv/writev,
  # PR_SET_PTRACER, SO_PEERCRED). scripts/prebuild.mjs compiles the same lists with the same
  # flags (kAddons there): keep the two in step.
  'target_defaults': {
    'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
    'defines': ['NAPI_VERSION=8', 'NAPI_CPP_EXCEPTIONS', 'NODE_ADDON_API_DISABLE_DEPRECATED'],
    'cflags!': ['-fno-exceptions'],
    'cflags_cc!': ['-fno-exceptions', '-fno-rtti'],
    'cflags_cc': ['-std=gnu++17', '-fexceptions', '-Wall', '-Wextra'],
  },
  'targets': [
    {
      'target_name': 'uacce_native',
      'sources': [
        'addon/addon.cc',
        'addon/address.cc',
        'addon/arguments.cc',
        'addon/errno.cc',
        'addon/fd.cc',
        'addon/libstdcxx_compat.cc',
        'addon/mmio.cc',
        'addon/poll.cc',
        'addon/region.cc',
      ],
    },
    {
      'target_name': 'uacce_native_emulator',
      'sources': [
        'addon/emulator_addon.cc',
        'addon/arguments.cc',
        'addon/errno.cc',
        'addon/libstdcxx_compat.cc',
        'addon/process_vm.cc',
      ],
    },
  ],
}
