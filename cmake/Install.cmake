# Exported package: another project does find_package(geoevent) and links geoevent::core.
include(CMakePackageConfigHelpers)

install(TARGETS geoevent_core
        EXPORT geoeventTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS geoevent RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/geoevent DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${GEOEVENT_DATA_DIR}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/geoevent)

install(EXPORT geoeventTargets NAMESPACE geoevent:: FILE geoeventTargets.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/geoevent)
configure_package_config_file(cmake/geoeventConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/geoeventConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/geoevent)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/geoeventConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/geoeventConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/geoeventConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/geoevent)
