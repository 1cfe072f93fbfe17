{
  'targets': [
    {
      'target_name': 'uacce_native',
      'sources': [
        'addon/addon.cc',
        'addon/address.cc',
        'addon/arguments.cc',
        'addon/errno.cc',
        'addon/fd.cc',
        'addon/mmio.cc',
        'addon/poll.cc',
        'addon/process_vm.cc',
        'addon/region.cc',
      ],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      'defines': ['NAPI_VERSION=8', 'NAPI_CPP_EXCEPTIONS', 'NODE_ADDON_API_DISABLE_DEPRECATED'],
      'cflags!': ['-fno-exceptions'],
      'cflags_cc!': ['-fno-exceptions', '-fno-rtti'],
      'cflags_cc': ['-std=gnu++17', '-fexceptions', '-Wall', '-Wextra'],
    },
  ],
}
