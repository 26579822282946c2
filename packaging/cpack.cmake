# SPDX-License-Identifier: Apache-2.0
# Binary packages of what `cmake --install` puts in place (the sluice binary, its desktop entry
# and icon). Only the Debian generator is set up for now:
#   cmake --build build/main && (cd build/main && cpack -G DEB)
# The package's library dependencies are computed by dpkg-shlibdeps from the binary.
set(CPACK_PACKAGE_NAME sluice)
set(CPACK_PACKAGE_VENDOR "Sluice developers")
set(CPACK_PACKAGE_CONTACT "Sluice developers <sluice@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Desktop operations console for Kafka streaming pipelines")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_FILE_NAME "${CPACK_PACKAGE_NAME}_${PROJECT_VERSION}_${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6, qt6-qpa-plugins")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Only the application's own install rules, not those of test helpers.
set(CPACK_COMPONENTS_ALL Unspecified)
include(CPack)
