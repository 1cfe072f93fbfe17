// SPDX-License-Identifier: Apache-2.0
// Keeps the prebuilt addons loadable wherever the official Node.js binaries load. Node 20 needs
// libstdc++'s GLIBCXX_3.4.21; GCC 11+ headers make every container allocation call
// std::__throw_bad_array_new_length, which libstdc++ exports only from GLIBCXX_3.4.29 (GCC 11).
// openEuler 22.03 (GCC 10) and RHEL 8 (GCC 8) lack it, so a prebuild built on Debian 12 would not
// load there. Defined here (hidden, so resolved inside the addon), that import disappears.
#include <new>

namespace std {

__attribute__((noreturn, visibility("hidden"))) void __throw_bad_array_new_length() {
  throw bad_array_new_length();
}

}  // namespace std
