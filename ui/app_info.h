// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace sluice::ui {

// Shown by --version and the About box. Keep in step with project(VERSION) in CMakeLists.txt.
inline constexpr const char* kAppVersion = SLUICE_VERSION; // from project(VERSION) in CMakeLists.txt
inline constexpr const char* kAppName = "sluice";
inline constexpr const char* kOrganizationName = "Sluice";

} // namespace sluice::ui
